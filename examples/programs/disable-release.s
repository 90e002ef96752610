; disable-release.s: release program for the "disable-style" device of
; disable-ack.s (INT_STATUS at 0x00, INT_ENABLE at 0x04, bar0 MMIO).
;
; With every source disabled the device cannot assert INTx whatever is
; still pending, so that is all the release program has to do.
.kind release
.equ INT_ENABLE, 0x04

        st32  bar0[INT_ENABLE], 0
        ret   quiet
