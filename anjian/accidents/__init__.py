"""T2 accidents: grade, 迟报/瞒报 flags, investigation, 回头看 and the 重点 list."""
