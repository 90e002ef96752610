; netx-enable.s: enable program for netX cards (uio_netx has no
; irqcontrol; user space sets GLOBAL_EN in its mapping): set GLOBAL_EN
; again, keeping the per-source enables the driver chose.
.kind enable
.equ INT_EN0,   0xfff0
.equ GLOBAL_EN, 0x80000000

        ld32  r0, bar0[INT_EN0]
        or    r0, GLOBAL_EN
        st32  bar0[INT_EN0], r0
        ret   quiet
