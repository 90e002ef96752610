; cif-enable.s: enable program for Hilscher CIF cards. uio_cif has no
; irqcontrol (user space sets the bit through its mapping); here it is
; set under the device lock and followed by the kernel's re-check.
.kind enable
.equ INTCSR,       0x4c
.equ INT1_ENABLE,  0x01

        ld8   r0, bar0[INTCSR]
        or    r0, INT1_ENABLE
        st8   bar0[INTCSR], r0
        ret   quiet
