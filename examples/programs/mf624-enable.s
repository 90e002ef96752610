; mf624-enable.s: enable program for the MF624, mf624_irqcontrol(1):
; enable both sources and the PLX's PCI interrupt.
.kind enable
.equ INTCSR, 0x4c
.equ ALL,    (1 << 0) | (1 << 3) | (1 << 6)    ; ADINT_EN, CTR4INT_EN, PCIINT_EN

        ld32  r0, bar0[INTCSR]
        or    r0, ALL
        st32  bar0[INTCSR], r0
        ret   quiet
