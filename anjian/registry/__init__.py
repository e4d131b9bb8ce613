"""R1–R3: enterprises, licences, certified people, 名录库 classification, import/export."""
