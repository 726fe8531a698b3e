"""``python -m pakru.schema``: write the JSON Schema of every content file kind to schemas/."""

from pakru.problems import display_path
from pakru.schema.kinds import write_schemas

if __name__ == "__main__":
    for path in write_schemas():
        print(f"wrote {display_path(path)}")
