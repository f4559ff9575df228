"""``/trees/import``: a tree from a JSON export file, as a draft, opened in the editor."""

from __future__ import annotations

from typing import Annotated, Any, Final, TypeAlias

from litestar import Router, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from decision_core.errors import TreeInvalid, TreeTitleExists
from decision_core.usecases import tree_editing, tree_import
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.injected import SignedIn
from entrypoints.web.json_upload import UnreadableFile, read_json_file
from entrypoints.web.rendering import page

IMPORT_PAGE: Final = "authoring/import.html"
FILE_FIELD: Final = "file"
# ``data: UploadForm``: a posted multipart form, its file fields as ``UploadFile``s.
UploadForm: TypeAlias = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def tree_import_pages(threads: HandlerThreads) -> Router:
    """Engineers and stronger import; the use case refuses anyone else."""

    @get(sync_to_thread=threads.database_work)
    def import_page(visitor: SignedIn, services: InjectedServices) -> Template:
        """The file picker."""
        tree_editing.authoring_choices(services, visitor.principal)  # authors only
        return page(services, visitor, IMPORT_PAGE, errors=[], existing=None)

    @post(sync_to_thread=threads.database_work)
    def import_file(
        data: UploadForm, visitor: SignedIn, services: InjectedServices
    ) -> Template | Redirect:
        """Create a draft from the file and open it, or say what is wrong with the file."""
        upload = data.get(FILE_FIELD)
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _refused(visitor, services, ["Choose a JSON file to import."])
        try:
            exported = read_json_file(upload.file.read())
            view = tree_import.import_tree(services, visitor.principal, exported)
        except UnreadableFile as exc:
            return _refused(visitor, services, [str(exc)])
        except TreeInvalid as exc:
            return _refused(visitor, services, ["The file is not a tree export:", *exc.problems])
        except TreeTitleExists as exc:
            message = f"This account has a tree titled “{exc.title}” already; nothing was imported."
            return _refused(visitor, services, [message], existing=exc, status=HTTP_409_CONFLICT)
        return Redirect(
            f"/trees/{view.tree.id}/edit?saved=imported", status_code=HTTP_303_SEE_OTHER
        )

    return Router(
        path="/trees/import",
        include_in_schema=False,
        route_handlers=[import_page, import_file],
    )


def _refused(
    visitor: SignedIn,
    services: InjectedServices,
    errors: list[str],
    *,
    existing: TreeTitleExists | None = None,
    status: int = HTTP_422_UNPROCESSABLE_ENTITY,
) -> Template:
    return page(
        services, visitor, IMPORT_PAGE, errors=errors, existing=existing, status_code=status
    )
