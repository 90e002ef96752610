; pci-serial-4x-init.s: init program for QEMU's pci-serial-4x (see
; pci-serial-4x-ack.s), run at every irq on.
;
; Each UART: 8N1 with DLAB off, FIFOs off (one THR-empty interrupt per
; byte written), OUT2 on, and the THR-empty interrupt enabled. Enabling it
; while THR is empty raises it at once (QEMU 7.2: IER's THR-empty bit
; going from 0 to 1 sets thr_ipending when LSR.THRE is set), so read IIR
; right after, which acknowledges it: the driver starts with no interrupt
; pending, and from then on every byte written to a THR gives exactly one
; interrupt from that UART. (The line was asserted for that moment with
; the CPU's interrupts off; the interrupt controller may still deliver it
; once afterwards, and every handler on the line then declines it.)
.kind init
.equ IER, 1
.equ IIR, 2
.equ FCR, 2
.equ LCR, 3
.equ MCR, 4

        st8   bar0[0 + LCR], 0x03
        st8   bar0[0 + FCR], 0
        st8   bar0[0 + MCR], 0x08
        st8   bar0[0 + IER], 0x02
        ld8   r0, bar0[0 + IIR]
        st8   bar0[8 + LCR], 0x03
        st8   bar0[8 + FCR], 0
        st8   bar0[8 + MCR], 0x08
        st8   bar0[8 + IER], 0x02
        ld8   r0, bar0[8 + IIR]
        st8   bar0[16 + LCR], 0x03
        st8   bar0[16 + FCR], 0
        st8   bar0[16 + MCR], 0x08
        st8   bar0[16 + IER], 0x02
        ld8   r0, bar0[16 + IIR]
        st8   bar0[24 + LCR], 0x03
        st8   bar0[24 + FCR], 0
        st8   bar0[24 + MCR], 0x08
        st8   bar0[24 + IER], 0x02
        ld8   r0, bar0[24 + IIR]
        ret   quiet
