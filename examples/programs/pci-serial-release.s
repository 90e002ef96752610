; pci-serial-release.s: release program for QEMU's pci-serial (see
; pci-serial-ack.s).
;
; IER = 0 leaves the UART no source that can assert INTx. Clear DLAB
; first: a driver that died while setting the baud rate left offset 1
; pointing at the divisor latch. Then OUT2 off, as Linux's 8250 does on
; shutdown. Harmless when repeated.
.kind release
.equ IER, 1
.equ LCR, 3
.equ MCR, 4

        st8   bar0[LCR], 0x03
        st8   bar0[IER], 0
        st8   bar0[MCR], 0
        ret   quiet
