; aec-init.s: init program for the AEC board (uio_aec.c probe()): enable
; the board's interrupt (0x10 to 0xfc) and unmask all sources (0x3f to
; 0x2e). uio_aec does this once at probe; uirq runs it at every IRQ_ON.
.kind init
.equ INT_MASK_ADDR,   0x2e
.equ INT_ENABLE_ADDR, 0xfc

        st32  bar0[INT_ENABLE_ADDR], 0x10
        st8   bar0[INT_MASK_ADDR], 0x3f
        ret   quiet
