; aec-release.s: release program for the AEC board, uio_aec.c remove():
; mask every source, disable the interrupt, and read the mailbox "to
; ensure board drops irq". Harmless when repeated.
.kind release
.equ MAILBOX,         0x0f
.equ INT_MASK_ADDR,   0x2e
.equ INT_ENABLE_ADDR, 0xfc

        st8   bar0[INT_MASK_ADDR], 0
        st32  bar0[INT_ENABLE_ADDR], 0
        ld8   r0, bar0[MAILBOX]
        ret   quiet
