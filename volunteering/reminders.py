"""(stub, filled in by issue #23's work)"""
