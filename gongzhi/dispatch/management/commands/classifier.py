"""gongzhi classifier: train, evaluate, list, retrain and activate demand-classifier versions."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.console import table
from gongzhi.core.errors import ApplicationError
from gongzhi.dispatch import services
from gongzhi.dispatch.selectors import classifier_versions
from gongzhi.dispatch.training import CV_FOLDS


class Command(BaseCommand):
    help = "诉求分类模型：训练、评估、版本列表、启用 / demand classifier: train, eval, list, activate"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("train", help="用 CSV 或平台自己的诉求训练新版本 / train a new version")
        src = p.add_mutually_exclusive_group(required=True)
        src.add_argument("--input", help="CSV 文件，列 id,text,label")
        src.add_argument(
            "--from-demands",
            action="store_true",
            help="用人工确定分类的诉求和人工标注训练 / learn from what people categorized on the platform",
        )
        p.add_argument("--limit", type=int, help="只用最近的 N 条（--from-demands）/ newest N rows only")
        p.add_argument("--output", help="写入此目录而不登记、不启用 / write here, do not activate")
        p.add_argument(
            "--include-labels", action="store_true", help="加入系统中的人工标注 / add stored labels"
        )
        p.add_argument("--no-cv", action="store_true", help="跳过 5 折交叉验证 / skip cross-validation")

        p = sub.add_parser("eval", help="在带标签的 CSV 上评估；末行为 JSON / evaluate; last line is JSON")
        p.add_argument("--input", required=True, help="CSV 文件，列 id,text,label")
        p.add_argument("--model", help="模型目录（默认：当前启用版本）/ model folder (default: active)")

        sub.add_parser("list", help="列出模型版本 / list versions")
        sub.add_parser(
            "retrain", help="到期则用新标注重新训练（每小时自动运行）/ retrain now if due (runs hourly)"
        )
        p = sub.add_parser("activate", help="启用某个版本（也用于回退）/ activate a version (or switch back)")
        p.add_argument("version")

    def handle(self, *args, action: str, **options):
        try:
            return getattr(self, "do_" + action)(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def do_train(
        self, *, input, from_demands=False, limit=None, output=None, include_labels=False, no_cv=False, **_
    ):
        if from_demands:
            folder, meta = services.classifier_train_from_demands(
                limit=limit, cv_folds=0 if no_cv else CV_FOLDS, output=output, by="command"
            )
        else:
            folder, meta = services.classifier_train(
                input_path=input, output=output, include_labels=include_labels, run_cv=not no_cv, by="command"
            )
        data = meta["training_data"]
        self.stdout.write(f"已训练 / trained: {meta['version']} → {folder}")
        if from_demands:
            self.stdout.write(
                f"训练数据 / data: {data['demands']} 件诉求 + {data['stored_labels']} 条人工标注，"
                f"{data['from'][:10]} 至 {data['to'][:10]}"
            )
            if data["dropped_labels"]:
                left_out = "、".join(f"{k}（{v} 条）" for k, v in data["dropped_labels"].items())
                self.stdout.write(f"样本太少未参与训练 / left out: {left_out}")
        else:
            self.stdout.write(f"训练数据 / data: {data['rows']} 行 + {data['stored_labels']} 条人工标注")
        if meta["cv"]:
            cv = meta["cv"]
            self.stdout.write(
                f"{cv['folds']} 折交叉验证 / CV: accuracy {cv['accuracy']}, macro-F1 {cv['macro_f1']}"
            )
        if output is None:
            self.stdout.write(f"已启用 / active: {meta['version']}")
        self.stdout.write(
            json.dumps(
                {"version": meta["version"], "path": str(folder), "cv": meta["cv"]}, ensure_ascii=False
            )
        )

    def do_eval(self, *, input, model=None, **_):
        result = services.classifier_evaluate(input_path=input, model_dir=model)
        rows = [[label, f1] for label, f1 in result["per_label"].items()]
        self.stdout.write(table(["类别 label", "F1"], rows))
        self.stdout.write(
            f"模型 / model {result['model']}: n={result['n']} accuracy={result['accuracy']} "
            f"macro-F1={result['macro_f1']} 需人工分拣 / triage {result['triage_share']:.1%}"
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def do_list(self, **_):
        rows = []
        for v in classifier_versions():
            meta = v["metadata"]
            cv = meta.get("cv") or {}
            data = meta.get("training_data", {})
            retrain = meta.get("retrain") or {}
            held_out = (retrain.get("candidate") or {}).get("macro_f1")
            rows.append(
                [
                    ("* " if v["active"] else "  ") + v["version"],
                    meta.get("created_at", ""),
                    data.get("rows", ""),
                    data.get("stored_labels", ""),
                    cv.get("macro_f1", "—") if held_out is None else f"{held_out}（留出 held-out）",
                    retrain.get("reason")
                    or ("平台诉求 demands" if data.get("source") == "demands" else "CSV"),
                ]
            )
        if not rows:
            self.stdout.write(
                "还没有模型版本；未启用模型时按关键词规则分类 / no versions yet: keyword rules in use"
            )
            return
        self.stdout.write(
            table(
                ["版本 version（* 启用）", "创建 created", "行 rows", "标注 labels", "macro-F1", "说明 note"],
                rows,
            )
        )

    def do_retrain(self, **_):
        from gongzhi.dispatch.retraining import retrain_if_due

        result = retrain_if_due()
        self.stdout.write(f"{result['status']}: {result.get('reason', '')}")
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def do_activate(self, *, version, **_):
        record = services.classifier_activate(version=version, by="command")
        prev = record["previous"] or "（无 / none）"
        self.stdout.write(f"已启用 / active: {record['version']}（之前 / before: {prev}）")
