; pci23-release.s: release program for any PCI 2.3 device.
;
; When the device file goes away, mask the function's INTx for good
; (command bit 10) so it can never hold the shared line asserted with no
; handler left to answer for it. Read-modify-write keeps the other bits.
.kind release
.equ PCI_COMMAND,       0x04
.equ CMD_INTX_DISABLE,  1 << 10

        ld16  r1, cfg[PCI_COMMAND]
        or    r1, CMD_INTX_DISABLE
        st16  cfg[PCI_COMMAND], r1
        ret   quiet
