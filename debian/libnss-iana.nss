# "db files" becomes "db files iana": the registry answers what the local
# sources lack.  libnss-iana.postinst handles a line with a trailing
# comment first (see there).
services last iana
