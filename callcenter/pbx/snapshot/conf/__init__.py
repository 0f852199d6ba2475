"""The snapshot's plain data: one dataclass per rendered object, and the error a bad snapshot raises."""
