; pci-serial-init.s: init program for QEMU's pci-serial (see
; pci-serial-ack.s), run at every irq on.
;
; Start from a known state, with every source disabled: DLAB off (with it
; set, offsets 0 and 1 are the divisor latch, not THR/RBR and IER), IER =
; 0, FIFOs off (one THR-empty interrupt per byte), OUT2 set (on a PC it
; gates the UART's interrupt onto the bus; QEMU ignores it), and the
; status registers read so that nothing latched is left over.
.kind init
.equ RBR, 0
.equ IER, 1
.equ IIR, 2
.equ FCR, 2
.equ LCR, 3
.equ MCR, 4
.equ LSR, 5
.equ MSR, 6

        st8   bar0[LCR], 0x03          ; 8N1, DLAB off
        st8   bar0[IER], 0
        st8   bar0[FCR], 0
        st8   bar0[MCR], 0x08          ; OUT2
        ld8   r0, bar0[LSR]
        ld8   r0, bar0[RBR]
        ld8   r0, bar0[MSR]
        ld8   r0, bar0[IIR]
        ret   quiet
