"""``manage.py bench_import``: how fast reports are parsed and imported, and whether memory stays flat.

Generates ``--reports`` varied reports (default 5,000) from sentence templates with a fixed random
seed, in Simplified and Traditional Chinese and in UTF-8, GB18030 and Big5, ten to a file, in a
temporary folder. Then, file by file as ``import_reports`` does, it times the parser and the writer
separately and records the process's peak memory at checkpoints.

The import goes into a throw-away database made by Django's test-database machinery next to the
configured one (a temporary SQLite file, or ``<name>_bench_import`` on PostgreSQL) and dropped
afterwards, so the archive is never touched. ``--keep`` imports into the configured database instead.
"""

import contextlib
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from minutes.chinese import to_traditional
from minutes.importing import import_parsed_file, parse_file
from minutes.models import Meeting
from search.indexing import check_index

SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
COMPOUND = ["欧阳", "司马", "上官", "诸葛"]
GIVEN = "国建明军华平志伟红丽新强文光海晓燕德立思永春秋宏涛鹏飞云峰刚勇敏静慧芳玉琳振兴安宁"
UNITS = [
    "物业处",
    "住房处",
    "基建处",
    "膳食科",
    "能源管理中心",
    "校医院",
    "后勤保障部",
    "资产管理处",
    "信息中心",
    "保卫处",
    "公寓管理中心",
    "绿化科",
    "维修中心",
    "采购中心",
    "综合办公室",
]
TITLES = ["副校长", "校长助理", "党委书记", "党委副书记", "部长", "副部长", "处长", "副处长", "主任", "科长"]
VENUES = ["科学馆207", "行政楼301会议室", "图书馆报告厅", "后勤楼二楼会议室", "学术交流中心第一会议室"]
MEETINGS = [
    "后勤干部大会",
    "后勤工作会议",
    "安全工作推进会",
    "暑期维修部署会",
    "年度工作总结表彰大会",
    "新任干部集体谈话会",
    "理论学习会",
    "迎新工作座谈会",
]
TOPICS = ["宿舍维修", "食堂管理", "校园安全", "节能降耗", "绿化美化", "迎新保障", "物资采购", "信息化建设"]
REQUIREMENTS = [
    "要提高政治站位，统一思想认识",
    "要压实工作责任，确保各项任务落到实处",
    "要加强沟通协调，形成工作合力",
    "要严守纪律规矩，做到廉洁自律",
    "要坚持师生至上，提升服务质量",
    "要抓好安全生产，消除各类隐患",
]
DUES = ["8月底", "9月1日", "开学", "年内", "10月15日", "下月底"]
TIMES = ["上午", "下午", "晚上", "上午9时", "下午2:30", ""]
NUMBERS = "一二三四五六"


class _Generator:
    """Deterministic report texts: a pool of people and units shared across reports, as in a real archive."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        rng = self.rng
        self.people = []
        while len(self.people) < 400:
            surname = rng.choice(COMPOUND) if rng.random() < 0.03 else rng.choice(SURNAMES)
            name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if name not in self.people:
                self.people.append(name)

    def report(self, n: int) -> str:
        rng = self.rng
        year = rng.choice(range(2018, 2025))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        meeting = rng.choice(MEETINGS)
        people = rng.sample(self.people, 8)
        titles = [rng.choice(TITLES) for _ in people]
        units = rng.sample(UNITS, 4)
        topic = rng.choice(TOPICS)
        with_year = rng.random() < 0.6
        date = f"{year}年{month}月{day}日" if with_year else f"{month}月{day}日"
        lines = [f"{year}年{units[0]}{meeting}纪要（第{n}期）"]
        body = [
            f"{date}{rng.choice(TIMES)}，学校在{rng.choice(VENUES)}召开{meeting}。",
            f"会议由{titles[0]}{people[0]}主持。",
            f"{titles[1]}{people[1]}，{units[1]}{titles[2]}{people[2]}，后勤系统各科室负责人参加会议。",
            f"{units[2]}就{topic}工作进行了汇报。",
            f"{units[3]}{titles[3]}{people[3]}汇报了{rng.choice(TOPICS)}工作进展。",
        ]
        if rng.random() < 0.5:
            body.append(f"会上，{people[1]}同志宣读了《学校关于加强{topic}工作的决定》。")
        if rng.random() < 0.4:
            body.append(f"会议宣布任命{people[4]}为{units[1]}{rng.choice(TITLES)}。")
        if rng.random() < 0.2:
            body.append(f"会议决定免去{people[5]}{units[2]}{rng.choice(TITLES)}职务。")
        if rng.random() < 0.5:
            body.append(f"{people[6]}、{people[7]}两位同志分别作了表态发言。")
        k = rng.randint(2, 5)
        reqs = "；".join(f"{NUMBERS[i]}是{rng.choice(REQUIREMENTS)}" for i in range(k))
        body.append(f"{people[1]}{titles[1]}指出，{topic}工作是学校发展的重要保障。他要求：{reqs}。")
        if rng.random() < 0.6:
            body.append(f"学生第{rng.randint(1, 20)}宿舍{topic}要在{rng.choice(DUES)}前完成。")
        body.append(f"{people[0]}作总结讲话，要求各单位认真抓好落实。")
        lines.append("".join(body))
        return "\n".join(lines)

    def files(self, folder: Path, reports: int, per_file: int = 10) -> list[Path]:
        paths = []
        for f in range(0, reports, per_file):
            texts = [self.report(f + i + 1) for i in range(min(per_file, reports - f))]
            text = "\n\n".join(texts) + "\n"
            variant = self.rng.random()
            if variant < 0.45:
                text = to_traditional(text)
            encoding = "utf-8"
            if variant < 0.1:
                encoding = "big5"
            elif variant > 0.9:
                encoding = "gb18030"
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                data, encoding = text.encode("utf-8"), "utf-8"
            path = folder / f"report-{f // per_file + 1:05d}.txt"
            path.write_bytes(data)
            paths.append(path)
        return paths


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Benchmark the report parser and importer on generated reports (into a throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reports", type=int, default=5000, help="how many reports to generate (default 5000)"
        )
        parser.add_argument("--seed", type=int, default=20230714, help="random seed of the generator")
        parser.add_argument(
            "--keep", action="store_true", help="import into the configured database and keep the rows"
        )

    def handle(self, *args, reports, seed, keep, verbosity, **options):
        # Query logging (DEBUG) costs time and memory that production does not pay.
        settings.DEBUG = False
        with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            started = time.perf_counter()
            files = _Generator(seed).files(folder, reports)
            self.stdout.write(
                f"Generated {reports} reports in {len(files)} files in {time.perf_counter() - started:.1f} s"
            )
            database = contextlib.nullcontext() if keep else self._throwaway_database(Path(tmp))
            with database:
                self._run(files, reports, verbosity)

    @contextlib.contextmanager
    def _throwaway_database(self, tmp: Path):
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        saved_test_name = test.get("NAME")
        test["NAME"] = (
            str(tmp / "bench.sqlite3") if connection.vendor == "sqlite" else f"{old_name}_bench_import"
        )
        self.stdout.write(
            f"Database: throw-away {connection.vendor} database {test['NAME']} (dropped afterwards)"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            test["NAME"] = saved_test_name

    def _run(self, files: list[Path], total: int, verbosity: int):
        # Wall time, and this process's CPU time (steadier on a shared, loaded machine; for
        # PostgreSQL it leaves out the server's share).
        parse_seconds = write_seconds = parse_cpu = write_cpu = 0.0
        done = meetings = failed = 0
        checkpoints: list[tuple[int, float]] = []
        next_checkpoint = 1000
        for n, path in enumerate(files, 1):
            t0, c0 = time.perf_counter(), time.process_time()
            parsed = parse_file(path)
            t1, c1 = time.perf_counter(), time.process_time()
            result = import_parsed_file(parsed, status=Meeting.Status.PUBLISHED)
            t2, c2 = time.perf_counter(), time.process_time()
            parse_seconds += t1 - t0
            write_seconds += t2 - t1
            parse_cpu += c1 - c0
            write_cpu += c2 - c1
            done += len(parsed.reports)
            meetings += len(result.created)
            failed += 0 if result.ok else 1
            if done >= next_checkpoint:
                checkpoints.append((done, _peak_rss_mb()))
                next_checkpoint += 1000
            if verbosity >= 2:
                sys.stderr.write(f"\r[{n}/{len(files)}] {path.name}")
        if verbosity >= 2:
            sys.stderr.write("\n")
        if not checkpoints or checkpoints[-1][0] != done:
            checkpoints.append((done, _peak_rss_mb()))
        self.stdout.write(
            f"Reports: {done} in {len(files)} files; {meetings} meetings created; {failed} files failed"
        )
        self.stdout.write(
            f"Parse:  {done / parse_seconds:8.1f} reports/s wall, {done / parse_cpu:8.1f} per CPU second "
            "(parser only, one core)"
        )
        self.stdout.write(
            f"Import: {done / write_seconds:8.1f} reports/s wall, {done / write_cpu:8.1f} per CPU second "
            f"(writer only, including search indexing, {connection.vendor})"
        )
        self.stdout.write(
            f"Both:   {done / (parse_seconds + write_seconds):8.1f} reports/s  (parse + import, end to end)"
        )
        self.stdout.write("Peak memory (RSS) by reports processed:")
        for count, mb in checkpoints:
            self.stdout.write(f"  {count:6d} reports: {mb:7.1f} MB")
        # The speed must not come from a wrong index: compare it with what the records say.
        started = time.perf_counter()
        drift = check_index()
        self.stdout.write(
            f"Search index: {drift.checked} rows checked, {len(drift.missing)} missing, "
            f"{len(drift.stale)} stale, {len(drift.orphaned)} orphaned ({time.perf_counter() - started:.1f} s)"
        )
