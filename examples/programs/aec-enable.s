; aec-enable.s: enable program for the AEC board. uio_aec has no
; irqcontrol; its handler's comment says the application writes 0x00 to
; 0x2f to get the next interrupt. As an enable program that write happens
; under the device lock, and the kernel's re-check then sees a pending one.
.kind enable
        st8   bar0[0x2f], 0
        ret   quiet
