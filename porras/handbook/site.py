"""`porras handbook site`: the published handbook as static HTML that opens from disk with
no network: every page, the diagrams (drawn by the vendored bpmn-js from XML inlined in
the page), the step lists as text and the documents' files."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from porras.core import clock
from porras.handbook import selectors
from porras.handbook.models import Document, Process, ProcessStatus, safe_file_name

ASSETS = (
    "vendor/hds/base.min.css",
    "vendor/hds/components.min.css",
    "porras/porras.css",
    "vendor/bpmn-js/diagram-js.css",
    "vendor/bpmn-js/bpmn-js.css",
    "vendor/bpmn-js/bpmn-font",
    "vendor/bpmn-js/bpmn-navigated-viewer.production.min.js",
    "vendor/bpmn-js/LICENSE",
    "porras/bpmn-view.js",
)


def process_page(process: Process) -> str:
    return f"process-{process.lineage}.html"


def document_page(document: Document) -> str:
    return f"document-{document.lineage}.html"


def build(*, county, out: Path, language: str = "fi") -> list[Path]:
    """Write the site into `out` (created if missing); returns the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out / "assets")
    processes = list(
        Process.objects.filter(county=county, status=ProcessStatus.PUBLISHED)
        .select_related("owner", "parent", "diagram")
        .prefetch_related("documents")
    )
    documents = list(Document.objects.filter(county=county, status=ProcessStatus.PUBLISHED))
    pages = {process_page(p): p for p in processes}
    by_lineage = {p.lineage: p for p in processes}
    written = []
    with translation.override(language):
        common = {"county": county, "built_at": clock.now(), "language": language}
        written.append(
            _write(
                out / "index.html",
                "handbook/site/index.html",
                {
                    **common,
                    "processes": [
                        (p, process_page(p))
                        for p in sorted(processes, key=lambda p: (p.level, p.title))
                    ],
                    "documents": [(d, document_page(d)) for d in documents],
                },
            )
        )
        for page, process in pages.items():
            written.append(
                _write(
                    out / page,
                    "handbook/site/process.html",
                    {**common, **_process_context(process, by_lineage, documents)},
                )
            )
        for document in documents:
            file_path = ""
            if document.file_content:
                file_path = f"files/{document.lineage}/{safe_file_name(document.file_name)}"
                target = out / file_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(bytes(document.file_content))
            users = [
                (p, process_page(p))
                for p in processes
                if document in p.documents.all()
                or p.task_mappings.filter(documents=document).exists()
            ]
            written.append(
                _write(
                    out / document_page(document),
                    "handbook/site/document.html",
                    {**common, "document": document, "file_path": file_path, "used_in": users},
                )
            )
    return written


def _process_context(process: Process, by_lineage: dict, documents: list) -> dict:
    summary = selectors.diagram_summary(process)
    mappings = {m.element_id: m for m in process.task_mappings.prefetch_related("documents")}
    published_documents = {d.pk for d in documents}
    steps = []
    for task in summary.tasks if summary else []:
        mapping = mappings.get(task.id)
        called = by_lineage.get(mapping.called_lineage) if mapping else None
        steps.append(
            {
                "element": task,
                "mapping": mapping,
                "documents": [
                    (d, document_page(d))
                    for d in (mapping.documents.all() if mapping else [])
                    if d.pk in published_documents
                ],
                "called": (called, process_page(called)) if called else None,
            }
        )
    parent = by_lineage.get(process.parent.lineage) if process.parent else None
    return {
        "process": process,
        "xml": bytes(process.diagram.content).decode("utf-8") if summary else "",
        "steps": steps,
        "parent": (parent, process_page(parent)) if parent else None,
        "children": [
            (child, process_page(child))
            for child in by_lineage.values()
            if child.parent and child.parent.lineage == process.lineage
        ],
        "documents": [
            (d, document_page(d)) for d in process.documents.all() if d.pk in published_documents
        ],
    }


def _copy_assets(target: Path) -> None:
    for name in ASSETS:
        source = Path(finders.find(name))
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, destination)


def _write(path: Path, template: str, context: dict) -> Path:
    path.write_text(render_to_string(template, context), encoding="utf-8")
    return path


def build_zip(*, county, language: str = "fi") -> bytes:
    """The same static site, as a zip file to download (for the intranet's editors)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "prosessikasikirja"
        build(county=county, out=root, language=language)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root.parent))
        return buffer.getvalue()
