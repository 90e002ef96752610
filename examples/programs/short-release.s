; short-release.s: release program for LDD3's "short" parallel port.
;
; short enables interrupt reporting with bit 4 of the control register
; (offset 2); its cleanup writes 0 there. Do the same, and drop a pending
; ACK (bit 7 of offset 0) so the line is left deasserted.
.kind release
.equ DATA,     0
.equ CONTROL,  2
.equ ACK_BIT,  0x80

        st8   bar0[CONTROL], 0         ; no more interrupts
        ld8   r0, bar0[DATA]
        and   r0, ~ACK_BIT & 0xff
        st8   bar0[DATA], r0
        ret   quiet
