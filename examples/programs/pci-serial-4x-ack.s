; pci-serial-4x-ack.s: ack program for QEMU's pci-serial-4x (1b36:0004):
; four 16550A UARTs behind one PCI function and one INTx pin.
;
; bar0 is one 32-byte I/O-port BAR, UART n at offset 8 * n (QEMU 7.2,
; hw/char/serial-pci-multi.c: a "multiserial" container of 8 * nports
; bytes with each UART's 8 registers as a subregion); the function's INTx
; is the OR of the four UARTs' outputs (multi_serial_irq_mux). So one
; interrupt can come from any of them, or from several at once, and the
; program must look at all four before it returns: a UART it skipped
; would keep the line asserted.
;
; Status-clear style, per UART: IIR (offset 2) bit 0 clear means pending;
; when the reported source is THR empty (id 0x2) the IIR read itself
; acknowledges it. Any other source (receive data, line or modem status)
; needs servicing that the handler cannot do, so that UART is disabled
; (IER = 0) and the driver finds out from the capture. IIR reports only
; enabled sources, so a disabled UART reads "nothing pending". 0xff (no
; device) has bit 0 set and counts as idle.
; Captures 0..3: each UART's IIR; capture 4: the UARTs that fired (bit n
; for UART n). Nothing pending anywhere: someone else's interrupt.
.kind ack
.equ IER, 1
.equ IIR, 2
.equ ID_MASK, 0x0e
.equ ID_THRI, 0x02

        mov   r4, 0
        ld8   r0, bar0[0 + IIR]
        jset  r0, 0x01, uart1
        or    r4, 1
        mov   r5, r0
        and   r5, ID_MASK
        jeq   r5, ID_THRI, uart1     ; acknowledged by the read
        st8   bar0[0 + IER], 0      ; anything else: disable this UART
uart1:  ld8   r1, bar0[8 + IIR]
        jset  r1, 0x01, uart2
        or    r4, 2
        mov   r5, r1
        and   r5, ID_MASK
        jeq   r5, ID_THRI, uart2     ; acknowledged by the read
        st8   bar0[8 + IER], 0      ; anything else: disable this UART
uart2:  ld8   r2, bar0[16 + IIR]
        jset  r2, 0x01, uart3
        or    r4, 4
        mov   r5, r2
        and   r5, ID_MASK
        jeq   r5, ID_THRI, uart3     ; acknowledged by the read
        st8   bar0[16 + IER], 0      ; anything else: disable this UART
uart3:  ld8   r3, bar0[24 + IIR]
        jset  r3, 0x01, done
        or    r4, 8
        mov   r5, r3
        and   r5, ID_MASK
        jeq   r5, ID_THRI, done      ; acknowledged by the read
        st8   bar0[24 + IER], 0      ; anything else: disable this UART
done:   jeq   r4, 0, not_mine
        cap   0, r0
        cap   1, r1
        cap   2, r2
        cap   3, r3
        cap   4, r4
        ret   handled
not_mine:
        ret   none
