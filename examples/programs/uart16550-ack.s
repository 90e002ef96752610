; uart16550-ack.s: a 16550 UART (res0 = its 8 ports, e.g. QEMU's
; isa-serial at 0x3e8, or a PCI serial card's bar0 with s/res0/bar0/).
;
; The interrupt identification register (IIR, offset 2) says whether the
; UART interrupts (bit 0 clear) and why (bits 1..3). Each cause clears at
; its own register, so the program reads the one IIR names, as the
; 8250 driver's interrupt loop does, and hands it to user space:
;   0x06 line status  - reading LSR clears it
;   0x04 data ready, 0x0c char timeout - reading RBR takes the byte
;   0x02 THR empty    - reading IIR itself cleared it
;   0x00 modem status - reading MSR clears it
; Nothing is masked, so no enable program is needed: a cause still
; pending (a FIFO with more bytes) keeps the level line up and the
; handler runs again. A UART that is not interrupting reads IIR bit 0 = 1
; (a missing one reads 0xff): declined, so a level line can be shared.
.kind ack
.equ RBR, 0
.equ IIR, 2
.equ LSR, 5
.equ MSR, 6

        ld8   r0, res0[IIR]
        jset  r0, 0x01, not_mine        ; no interrupt pending
        cap   0, r0                     ; the cause
        mov   r1, r0
        and   r1, 0x0e
        jeq   r1, 0x06, line_status
        jeq   r1, 0x04, data
        jeq   r1, 0x0c, data
        jeq   r1, 0x02, done            ; THR empty: the IIR read cleared it
        ld8   r2, res0[MSR]             ; 0x00: modem status
        cap   3, r2
        ret   handled
line_status:
        ld8   r2, res0[LSR]
        cap   2, r2
        ret   handled
data:
        ld8   r2, res0[RBR]
        cap   1, r2                     ; the byte received
done:
        ret   handled
not_mine:
        ret   none
