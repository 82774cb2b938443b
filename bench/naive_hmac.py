"""The peer a Python ETL script is today: csv module, trimmed concatenated fields, hmac per code.
Usage: python3 bench/naive_hmac.py <input.csv> <output.csv> <key.jwk>"""
import base64
import csv
import hashlib
import hmac
import json
import sys

src, dst, key_file = sys.argv[1:4]
jwk = json.load(open(key_file))
key = base64.urlsafe_b64decode(jwk["k"] + "=")
with open(src, newline="", encoding="utf-8-sig") as f, open(dst, "w", newline="", encoding="utf-8") as out:
    reader = csv.reader(f)
    writer = csv.writer(out, lineterminator="\n")
    header = next(reader)
    writer.writerow([header[0], header[10], "ins", "kana_dob_sex"])
    for c in reader:
        ins = hmac.new(key, "|".join(x.strip() for x in c[1:5]).encode(), hashlib.sha256).digest()
        kana = hmac.new(key, "|".join([c[5].strip(), c[7].strip(), c[8].strip()]).encode(), hashlib.sha256).digest()
        writer.writerow([c[0], c[10], base64.urlsafe_b64encode(ins).rstrip(b"=").decode(),
                         base64.urlsafe_b64encode(kana).rstrip(b"=").decode()])
