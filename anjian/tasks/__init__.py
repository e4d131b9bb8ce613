"""C4 task and responsibility lists (工作清单和责任清单); C5 liaisons and reporting obligations."""
