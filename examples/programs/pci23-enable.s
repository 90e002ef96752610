; pci23-enable.s: enable program for any PCI 2.3 device.
;
; Undoes pci23-ack.s after user space has serviced the device: clear
; command bit 10 (interrupt disable) with a read-modify-write so the other
; command bits (memory, I/O, bus master) stay as they are. If the device
; still has an interrupt pending it asserts INTx again at once, and the
; kernel's re-check after the enable program turns that into a new event.
.kind enable
.equ PCI_COMMAND,       0x04
.equ CMD_INTX_DISABLE,  1 << 10

        ld16  r1, cfg[PCI_COMMAND]
        and   r1, ~CMD_INTX_DISABLE & 0xffff
        st16  cfg[PCI_COMMAND], r1
        ret   quiet
