"""Write locale/zh_Hans/LC_MESSAGES/django.po from the msgids (see ``minutes.catalogue``)."""

from django.core.management.base import BaseCommand, CommandError

from minutes import catalogue


class Command(BaseCommand):
    help = (
        "Generate the Simplified Chinese catalogue: OpenCC t2s of every msgid, or the hand-written override."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only say whether the committed catalogue is current."
        )

    def handle(self, *args, check=False, **options):
        for msgid in catalogue.unused_overrides():
            self.stderr.write(f"override not needed (gone, or the same as t2s): {msgid}")
        text = str(catalogue.zh_hans_catalogue())
        current = catalogue.TARGET.read_text("utf-8") if catalogue.TARGET.exists() else ""
        if check:
            if text != current:
                raise CommandError(f"{catalogue.TARGET} is out of date: run `make messages`")
            self.stdout.write("zh_Hans catalogue is current")
            return
        catalogue.TARGET.write_text(text, "utf-8")
        self.stdout.write(f"wrote {catalogue.TARGET}")
