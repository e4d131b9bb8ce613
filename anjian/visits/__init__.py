"""I5 涉企行政检查 (国办发〔2024〕54号): the published yearly limit per enterprise and the check
across all departments before an inspection starts (行政检查审批表 when it is exceeded),
综合查一次 joint visits with one 一表通查 checklist, the 行政检查通知书, 扫码入企 (a signed QR
code per enterprise) and the enterprise's anonymous rating of each visit."""
