; netx-release.s: release program for netX cards, uio_netx's remove():
; disable every host interrupt.
.kind release
        st32  bar0[0xfff0], 0           ; INT_EN0
        ret   quiet
