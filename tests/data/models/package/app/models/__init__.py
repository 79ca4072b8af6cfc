from .post import Post
from .user import User

__all__ = ["Post", "User"]
