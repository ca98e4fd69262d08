"""One throwaway check in the daemon before it serves, so that what every run builds the
same way from opslint's code alone (pydantic's validators of the parameter models, the
parser, the compiled patterns in ``re``'s cache) is built once, not in every child.

It runs without the cache (``--no-cache``: nothing is written, no pattern table is bound
to a folder), on two small documents of its own in a private temporary folder that no
later run can name, with its output discarded. Then the bundled rules are loaded once and
kept (``opslint.bundle.keep_loaded``): a run whose rules have the same key (the same rules
folders and code) takes them instead of unpickling the rules cache. Runs served afterwards
read their own config, rules and cache as always; what they inherit are memos keyed on
content or code, the same a language server (``opslint server``) keeps between its checks.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["warm_run"]

_RELEASE = """# リリース手順書 (warm-up)

## 1. リリース概要
注文 API の v2.3.0 を本番へ出す。影響: 数分の応答遅延。

## 2. 事前確認・準備 (T-1 day)
- [ ] 前日までにバックアップを取得する (担当: 佐藤)
- [ ] ステージングで回帰試験を完了する

## 3. リリース当日の手順 (T-0)
| 時刻 | 作業項目 | 担当 | 確認項目 |
| -- | -- | -- | -- |
| 22:00 | メンテナンス告知を掲示 | 佐藤 | 告知ページが表示される |
| 22:10 | `deploy.sh v2.3.0` を実行 | 田中 | `/health` が 200 を返す |

## 4. 切り戻し手順 (Rollback)
エラー率が 5% を超えたら v2.2.4 を再デプロイする (判断: 佐藤、15分以内)。

## 5. リリース後確認
30分間、5xx 率と p95 レイテンシ (< 300 ms) を監視する。

## 6. 連絡網
リリース責任者: 佐藤 / 当番: 田中 (内線 1234)
"""

_OPERATIONS = """# Operation Design (warm-up)

## 1. Monitoring
| Metric | Threshold | Severity | Action |
| --- | --- | --- | --- |
| HTTP 5xx rate | > 2% for 5 min | Critical | Page the on-call engineer |
| Disk usage | > 80% | Warning | Open a ticket |

## 2. Backup
Nightly full backup at 02:00, kept for 14 days; a restore is rehearsed every quarter.

## 3. Incident response
The on-call engineer acknowledges within 15 minutes and escalates to the lead after 30.

## 4. SLO
Availability 99.9% per month, measured at the load balancer.
"""


def warm_run() -> None:
    """Check the two documents as ``opslint check --no-cache`` would, quietly. Any failure
    only means less is warm."""
    from opslint.cli import main

    with contextlib.suppress(Exception):  # the bundled rules, loaded once for every run
        from opslint.bundle import Bundle, keep_loaded

        keep_loaded(Bundle.load())  # first: the check below fills their pattern memos
    with tempfile.TemporaryDirectory(prefix="opslint-warm-") as folder:
        root = Path(folder)
        (root / ".git").mkdir()  # the config search stops here
        (root / "16_Release_Procedure.md").write_text(_RELEASE, encoding="utf-8")
        (root / "17_Operation_Design.md").write_text(_OPERATIONS, encoding="utf-8")
        here = os.getcwd()
        saved = sys.stdin, sys.stdout, sys.stderr
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(), io.StringIO(), io.StringIO()
        try:
            os.chdir(root)
            with contextlib.suppress(Exception, SystemExit):
                main(["check", "--no-cache", "--format", "concise", "."])
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
            os.chdir(here)

