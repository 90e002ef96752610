; lpt-ack.s: LDD3's "short" on QEMU's ISA parallel port (LPT1: ports
; 0x378..0x37a as res0, IRQ 7, edge-triggered).
;
; short_sh_interrupt() tests bit 7 of the data port, which the pin 9 to
; pin 10 jumper loops back to the ACK line. QEMU's port has no such wire
; (its data port reads back the last byte written) and no interrupt-
; pending bit at all: it raises IRQ 7 on a control write with INIT|SELECT
; set and STROBE clear while the previous control value had INTEN, and
; lowers it when the status register is read. So the claim check cannot
; be adapted one to one: reading the status register *is* the
; acknowledge, and there is nothing to tell this port's interrupt from
; another's. The program therefore never declines: uirq requests IRQ 7
; exclusively (an edge line is never shared anyway) and does not re-run
; it at IRQ on or unmask, where it would invent an interrupt.
; short-ack.s is the literal port of short's handler for real hardware
; with the jumper.
.kind ack
.equ STATUS,  1
.equ CONTROL, 2

        ld8   r0, res0[STATUS]          ; acknowledge: QEMU drops IRQ 7
        ld8   r1, res0[CONTROL]
        cap   0, r0                     ; the status byte, as short's reader sees it
        cap   1, r1                     ; the control byte (INTEN = 0x10)
        ret   handled
