; disable-enable.s: enable program for the "disable-style" device of
; disable-ack.s (INT_STATUS at 0x00, INT_ENABLE at 0x04, bar0 MMIO).
;
; After user space has serviced the device, write the driver's interrupt
; mask back to INT_ENABLE. The mask is a constant of the program: a driver
; that changes its mask assembles a new enable program (set IRQ_MASK).
.kind enable
.equ INT_ENABLE, 0x04
.equ IRQ_MASK,   0x7            ; sources 0..2: rx, tx, error

        st32  bar0[INT_ENABLE], IRQ_MASK
        ret   quiet
