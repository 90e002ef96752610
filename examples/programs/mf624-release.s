; mf624-release.s: release program for the MF624, mf624_irqcontrol(0) and
; remove(): disable both sources and the PLX's PCI interrupt.
.kind release
.equ INTCSR, 0x4c
.equ ALL,    (1 << 0) | (1 << 3) | (1 << 6)    ; ADINT_EN, CTR4INT_EN, PCIINT_EN

        ld32  r0, bar0[INTCSR]
        and   r0, ~ALL & 0xffffffff
        st32  bar0[INTCSR], r0
        ret   quiet
