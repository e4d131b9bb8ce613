"""R4 三个责任人 挂牌 with monthly quotas; R5 风险明白卡 for small enterprises."""
