; cif-ack.s: ack program for Hilscher CIF fieldbus cards, after uio_cif's
; hilscher_handler() (drivers/uio/uio_cif.c, Linux 6.1).
;
; bar0 is the PLX 9030's local configuration registers (MMIO, 128 bytes).
; INTCSR (0x4c) bit 0 enables local interrupt 1, bit 2 says it is active;
; the interrupt is ours only when both are set. Claiming it clears the
; enable bit, so the line drops while the card still has its cause;
; cif-enable.s sets it again. The C reads INTCSR a second time for the
; read-modify-write; reusing the first value is the same, because the
; status bit is read-only. Capture 0 is INTCSR as read.
.kind ack
.equ INTCSR,       0x4c
.equ INT1_ENABLE,  0x01
.equ INT1_STATUS,  0x04

        ld8   r0, bar0[INTCSR]
        mov   r1, r0
        and   r1, INT1_ENABLE | INT1_STATUS
        jne   r1, INT1_ENABLE | INT1_STATUS, not_mine
        cap   0, r0
        and   r0, ~INT1_ENABLE & 0xff
        st8   bar0[INTCSR], r0          ; INT1 off
        ret   handled
not_mine:
        ret   none
