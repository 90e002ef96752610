; edu-release.s: release program for QEMU's edu device.
;
; Runs when the device file is released (close, exit, crash, unbind),
; before the IRQ is freed: after it, the device must never assert the
; shared line again, because no handler will answer for it. edu asserts
; its INTx while the interrupt status (0x24) is non-zero, so acknowledge
; everything pending (write the status back to 0x64), and first clear the
; status register (0x20) so that its bit 0x80 ("interrupt when the
; factorial is done") cannot raise a new one behind our back.
.kind release
.equ STATUS,     0x20           ; bit 0x80: raise an interrupt when done
.equ IRQ_STATUS, 0x24
.equ ACK,        0x64

        st32  bar0[STATUS], 0
        ld32  r0, bar0[IRQ_STATUS]
        st32  bar0[ACK], r0
        ret   quiet
