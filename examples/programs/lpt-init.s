; lpt-init.s: arm QEMU's LPT1 (res0 = ports 0x378..0x37a) without raising.
;
; short's init writes INTEN (0x10) to the control register. QEMU raises
; on a control write with INIT|SELECT and no STROBE when the OLD control
; value had INTEN, so first drop INTEN with a write that takes no raising
; branch (INIT only), read the status to lower an interrupt left pending,
; then set INTEN|SELECT|INIT: the previous value had no INTEN, so this
; write does not raise either. Every later 0x1c write raises IRQ 7 once.
.kind init
.equ STATUS,  1
.equ CONTROL, 2

        st8   res0[CONTROL], 0x04       ; INIT: INTEN off, no raise
        ld8   r0, res0[STATUS]          ; lower a stale interrupt
        st8   res0[CONTROL], 0x1c       ; INTEN|SELECT|INIT: armed
        ret   quiet
