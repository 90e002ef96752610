; e1000-init.s: init program for QEMU's e1000 (see e1000-ack.s).
;
; Runs at every irq on, once uirq's handler is on the line: mask
; everything, drop causes left over from before (an ICR read clears
; them all), then enable the causes this driver uses. The mask is a
; constant of the program, like disable-enable.s's: the test driver
; raises causes 0x0001..0xffff through ICS (bits 16 and up stay masked,
; so it can show that IMS gates the line).
.kind init
.equ ICR, 0xc0
.equ IMS, 0xd0
.equ IMC, 0xd8
.equ CAUSES, 0xffff

        st32  bar0[IMC], 0xffffffff
        ld32  r0, bar0[ICR]
        st32  bar0[IMS], CAUSES
        ret   quiet
