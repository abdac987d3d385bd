"""Small trees of model instances (channels, association pages): one query, walked in Python.

Hand-written: django-mptt or django-treebeard keep extra columns in step on every save;
trees of tens of rows need no more than this dictionary.
"""


class Tree:
    """Nodes with a `parent_id`, indexed once; every walk is a dictionary lookup.

    A node whose parent is not among the nodes ends the walk up (an inactive channel
    hides its sub-channels' path above it, exactly as on the channel pages).
    """

    def __init__(self, nodes):
        self.by_id = {node.pk: node for node in nodes}
        self._children = {}
        for node in nodes:
            self._children.setdefault(node.parent_id, []).append(node)

    def roots(self):
        return self._children.get(None, [])

    def children(self, pk):
        return self._children.get(pk, [])

    def ancestors(self, pk):
        """From the root down to the parent of `pk`."""
        chain = []
        node = self.by_id.get(pk)
        while node is not None and node.parent_id is not None:
            node = self.by_id.get(node.parent_id)
            if node is not None:
                chain.append(node)
        return chain[::-1]

    def descendants(self, pk):
        found, stack = [], list(self.children(pk))
        while stack:
            node = stack.pop(0)
            found.append(node)
            stack.extend(self.children(node.pk))
        return found

    def subtree_ids(self, pk):
        return [pk] + [node.pk for node in self.descendants(pk)]

    def path(self, pk):
        """Ancestors plus the node itself: what a breadcrumb shows."""
        node = self.by_id.get(pk)
        return [*self.ancestors(pk), node] if node else []
