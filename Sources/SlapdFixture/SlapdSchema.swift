/// The part of Active Directory's schema pchatd reads, for OpenLDAP: the classes `user` (and `computer` under it),
/// `contact`, `group`, `container` and `domainDNS`, and the attributes `userAccountControl`, a binary `objectGUID`,
/// `msRTCSIP-PrimaryUserAddress` and `msRTCSIP-UserEnabled`. OpenLDAP's own `person`, `organizationalPerson`,
/// `organizationalUnit`, `domain` and `member` serve as AD's. The msRTCSIP attributes have test OIDs.
public enum SlapdSchema {
    /// The schema file's text.
    public static let text = """
    attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
      EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
    attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID'
      EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
    attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
      EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
    attributetype ( 1.3.6.1.4.1.32473.1.1 NAME 'msRTCSIP-PrimaryUserAddress'
      EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
    attributetype ( 1.3.6.1.4.1.32473.1.2 NAME 'msRTCSIP-UserEnabled'
      EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE )
    objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL
      MAY ( userAccountControl $ objectGUID $ sAMAccountName $ msRTCSIP-PrimaryUserAddress $ msRTCSIP-UserEnabled $
            displayName $ givenName $ mail ) )
    objectclass ( 1.2.840.113556.1.3.30 NAME 'computer' SUP user STRUCTURAL )
    objectclass ( 1.2.840.113556.1.5.15 NAME 'contact' SUP organizationalPerson STRUCTURAL
      MAY ( objectGUID $ msRTCSIP-PrimaryUserAddress $ msRTCSIP-UserEnabled $ displayName $ givenName $ mail ) )
    objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL
      MUST cn MAY ( member $ objectGUID $ sAMAccountName $ description $ displayName ) )
    objectclass ( 1.2.840.113556.1.5.67 NAME 'domainDNS' SUP domain STRUCTURAL MAY objectGUID )
    objectclass ( 1.2.840.113556.1.3.23 NAME 'container' SUP top STRUCTURAL MUST cn MAY objectGUID )

    """
}
