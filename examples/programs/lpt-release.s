; lpt-release.s: quiet QEMU's LPT1 for good (res0 = ports 0x378..0x37a).
;
; short's cleanup writes 0 to the control register; 0x04 (INIT) drops
; INTEN the same way without resetting the printer, and the status read
; lowers an interrupt still pending. Harmless when run twice.
.kind release
.equ STATUS,  1
.equ CONTROL, 2

        st8   res0[CONTROL], 0x04       ; INTEN off
        ld8   r0, res0[STATUS]          ; lower IRQ 7 if raised
        ret   quiet
