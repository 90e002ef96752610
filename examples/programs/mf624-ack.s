; mf624-ack.s: ack program for the Humusoft MF624 DAQ card, after
; uio_mf624's mf624_irq_handler() (drivers/uio/uio_mf624.c, Linux 6.1).
;
; bar0 is the PLX 9050's registers (MMIO, 128 bytes); INTCSR (0x4c)
; holds the enable and status bits of the ADC and counter-4 sources and
; PCIINT_EN, the PLX's master enable. The C claims the ADC source if
; enabled and pending, else CTR4, and clears that source's enable and
; PCIINT_EN. After a claim PCIINT_EN is 0 and the card cannot interrupt,
; but the other source may still be enabled and pending, and the C would
; claim it on the next interrupt of a shared line. So this program
; declines when PCIINT_EN is clear (uirq addition), and on all-ones.
; Capture 0 is INTCSR as read, capture 1 the source (1 ADC, 2 CTR4).
.kind ack
.equ INTCSR,     0x4c
.equ ADINT_EN,   1 << 0
.equ ADINT_ST,   1 << 2
.equ CTR4INT_EN, 1 << 3
.equ CTR4INT_ST, 1 << 5
.equ PCIINT_EN,  1 << 6

        ld32  r0, bar0[INTCSR]
        jeq   r0, 0xffffffff, not_mine
        jclr  r0, PCIINT_EN, not_mine       ; masked at the PLX: not asserting
        cap   0, r0
        mov   r1, r0
        and   r1, ADINT_EN | ADINT_ST
        jne   r1, ADINT_EN | ADINT_ST, ctr4
        mov   r3, ADINT_EN | PCIINT_EN       ; what the claim clears
        mov   r2, 1                          ; source: ADC
        ja    claim
ctr4:
        mov   r1, r0
        and   r1, CTR4INT_EN | CTR4INT_ST
        jne   r1, CTR4INT_EN | CTR4INT_ST, not_mine
        mov   r3, CTR4INT_EN | PCIINT_EN
        mov   r2, 2                          ; source: CTR4
claim:
        not   r3
        and   r0, r3
        st32  bar0[INTCSR], r0               ; the low 32 bits
        cap   1, r2
        ret   handled
not_mine:
        ret   none
