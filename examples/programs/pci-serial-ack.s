; pci-serial-ack.s: ack program for QEMU's pci-serial (1b36:0002), a
; 16550A UART in an 8-byte I/O-port BAR (bar0, byte accesses).
;
; Disable-style: the claim reads IIR (offset 2; bit 0 clear: an interrupt
; is pending, 0xff: the read reached nothing), then writes IER = 0, so
; the UART stops asserting INTx whatever the source. In QEMU 7.2
; (hw/char/serial.c) and on a real 16550 the IIR read itself also clears
; a THR-empty interrupt when that is the source it reports; receive data,
; line status and modem status interrupts are only cleared by servicing
; them (RBR, LSR, MSR reads), and IER = 0 covers those too. IIR reports
; only enabled sources, so with IER = 0 it reads "nothing pending": the
; program declines while its device is masked, as a disable-style one must.
;
; The driver re-enables the interrupt by writing IER itself when it has
; something to send: with THR empty, setting IER's THR-empty bit raises a
; new interrupt at once (QEMU: only when the bit goes from 0 to 1), so an
; enable program run by every unmask would interrupt again at each one.
; Capture 0: IIR; capture 1: IER before the disable.
.kind ack
.equ IER, 1
.equ IIR, 2

        ld8   r0, bar0[IIR]
        jset  r0, 0x01, not_mine       ; nothing pending (0xff too)
        ld8   r1, bar0[IER]
        st8   bar0[IER], 0             ; disable: INTx drops
        cap   0, r0
        cap   1, r1
        ret   handled
not_mine:
        ret   none
