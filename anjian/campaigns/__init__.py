"""C1 campaigns (专项行动) with phases and targets; C3 enterprise self-inspection (自查自改)."""
