"""C2 checklist templates (检查事项清单) as versioned data, incl. seed 000 附件1."""
