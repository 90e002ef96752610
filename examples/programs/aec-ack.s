; aec-ack.s: ack program for the AEC VITC/LTC PCI board, after uio_aec's
; aectc_irq() (drivers/uio/uio_aec.c, Linux 6.1).
;
; bar0 is the board's register window (pci_iomap of BAR0, exported as an
; I/O port range: check with --region bar0:pio:256). The byte at 0xfe
; reports whether the board's interrupt is enabled (0x08) and whether it
; is raised (0x01); it is ours only when both are set. Reading the mailbox
; (0x0f) drops the interrupt. User space asks for the next interrupt by
; writing 0 to 0x2f (aec-enable.s). Capture 0 is the flags byte, capture 1
; the mailbox.
.kind ack
.equ MAILBOX,           0x0f
.equ INTA_DRVR_ADDR,    0xfe
.equ INTA_ENABLED_FLAG, 0x08
.equ INTA_FLAG,         0x01

        ld8   r0, bar0[INTA_DRVR_ADDR]
        jclr  r0, INTA_ENABLED_FLAG, not_mine
        jclr  r0, INTA_FLAG, not_mine
        ld8   r1, bar0[MAILBOX]         ; read-to-clear: drops the IRQ
        cap   0, r0
        cap   1, r1
        ret   handled
not_mine:
        ret   none
