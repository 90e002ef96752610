; cif-release.s: release program for Hilscher CIF cards. uio_cif's remove
; leaves local interrupt 1 enabled; uirq must not, so clear it.
.kind release
.equ INTCSR,       0x4c
.equ INT1_ENABLE,  0x01

        ld8   r0, bar0[INTCSR]
        and   r0, ~INT1_ENABLE & 0xff
        st8   bar0[INTCSR], r0
        ret   quiet
