"""The signed-in person as the layers below `accounts` see them.

`accounts.User` is the user model, but `core` and `registry` come before `accounts` and may not
import it: their selectors take a `RoleHolder`, which `accounts.User` satisfies. Apps after
`accounts` take `raqib.accounts.models.User` itself; services record who acted through
`core.writes`, whose `Actor` also admits nobody (`None`: the system — commands, tasks, seeds).
"""

from __future__ import annotations

from typing import Any, Protocol


class RoleHolder(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def role_codes(self) -> frozenset[str]: ...

    @property
    def focal_body_ids(self) -> frozenset[int]: ...
