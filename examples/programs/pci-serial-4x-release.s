; pci-serial-4x-release.s: release program for QEMU's pci-serial-4x (see
; pci-serial-4x-ack.s).
;
; All four UARTs: DLAB off (so that offset 1 is IER), IER = 0, OUT2 off.
; With no source enabled on any of them, the OR of their outputs, the
; function's INTx, stays low. Harmless when repeated.
.kind release
.equ IER, 1
.equ LCR, 3
.equ MCR, 4

        st8   bar0[0 + LCR], 0x03
        st8   bar0[0 + IER], 0
        st8   bar0[0 + MCR], 0
        st8   bar0[8 + LCR], 0x03
        st8   bar0[8 + IER], 0
        st8   bar0[8 + MCR], 0
        st8   bar0[16 + LCR], 0x03
        st8   bar0[16 + IER], 0
        st8   bar0[16 + MCR], 0
        st8   bar0[24 + LCR], 0x03
        st8   bar0[24 + IER], 0
        st8   bar0[24 + MCR], 0
        ret   quiet
