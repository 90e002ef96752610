; short-ack.s: LDD3's "short" (a parallel port, pins 9 and 10 wired
; together) as a shared-interrupt device, after short_sh_interrupt().
;
; bar0 is the port's I/O range (check with --region bar0:pio:8). The port
; has no interrupt-pending bit, so short uses the ACK line, bit 7 of the
; byte at offset 0: clear means the interrupt on the line was someone
; else's. Claiming it writes the value back with bit 7 cleared, which
; through the jumper drops the ACK line (and so the interrupt). The value
; read goes to user space in capture slot 0.
.kind ack
.equ DATA,     0                ; read: the looped-back status byte
.equ ACK_BIT,  0x80

        ld8   r0, bar0[DATA]
        jclr  r0, ACK_BIT, not_mine    ; our line is inactive
        cap   0, r0
        and   r0, ~ACK_BIT & 0xff
        st8   bar0[DATA], r0
        ret   handled
not_mine:
        ret   none
