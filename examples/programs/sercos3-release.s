; sercos3-release.s: release program for the Sercos III card. uio_sercos3's
; remove leaves IER0 as it was; uirq must not leave the card able to
; interrupt, so disable every source.
.kind release
        st32  bar4[0x08], 0             ; IER0
        ret   quiet
