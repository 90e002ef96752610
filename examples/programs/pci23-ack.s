; pci23-ack.s: generic ack program for any PCI 2.3 device (INTx masking).
;
; PCI 2.3 added two bits every conforming function has in config space:
; status bit 3 "interrupt status" (the function asserts INTx) and command
; bit 10 "interrupt disable" (stop asserting it). Without knowing anything
; else about the device, the interrupt is ours when the status bit is set
; and we have not masked it already (a masked function is not driving the
; line even though its status bit may read 1). Claiming it sets the
; disable bit with a read-modify-write of the 16-bit command register, so
; the line drops; pci23-enable.s clears it again once user space has
; serviced the device. This is what uio_pci_generic does in C.
.kind ack
.equ PCI_COMMAND,       0x04
.equ PCI_STATUS,        0x06
.equ STATUS_INTERRUPT,  1 << 3
.equ CMD_INTX_DISABLE,  1 << 10

        ld16  r0, cfg[PCI_STATUS]
        jclr  r0, STATUS_INTERRUPT, not_mine   ; not asserting INTx
        ld16  r1, cfg[PCI_COMMAND]
        jset  r1, CMD_INTX_DISABLE, not_mine   ; already masked: not us
        or    r1, CMD_INTX_DISABLE
        st16  cfg[PCI_COMMAND], r1
        cap   0, r0                            ; the status we saw
        ret   handled
not_mine:
        ret   none
