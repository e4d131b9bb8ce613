"""T1 tips (举报) with protected reporters: public page, 12350 hotline entry, handling, rewards."""
