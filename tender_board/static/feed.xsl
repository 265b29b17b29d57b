<?xml version="1.0" encoding="UTF-8"?>
<!-- How a browser shows a feed of this portal (RSS 2.0 or Atom 1.0) when opened directly: a
     readable page in the feed's own language, with the address to paste into a feed reader.
     Feed readers ignore it. Served from the portal's own origin: no script, no inline style. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="lang" select="/rss/channel/language | /atom:feed/@xml:lang"/>
  <xsl:variable name="self" select="(/rss/channel/atom:link[@rel='self'] | /atom:feed/atom:link[@rel='self'])/@href"/>
  <xsl:variable name="page" select="(/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href)[1]"/>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/></title>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="/static/style.css"/>
      </head>
      <body>
        <header class="site"><a class="brand" href="/"><xsl:call-template name="label"><xsl:with-param name="zh" select="'招标公告板'"/><xsl:with-param name="en" select="'Tender Board'"/></xsl:call-template></a></header>
        <main id="main" class="feed-page">
          <p class="feed-note" role="note">
            <strong><xsl:call-template name="label"><xsl:with-param name="zh" select="'这是一个订阅源。'"/><xsl:with-param name="en" select="'This is a feed.'"/></xsl:call-template></strong>
            <xsl:text> </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="zh" select="'将本页地址复制到订阅阅读器中，即可在有新公告时收到通知：'"/><xsl:with-param name="en" select="'Copy this address into a feed reader to hear of every new notice:'"/></xsl:call-template>
            <br/><code class="permalink"><xsl:value-of select="$self"/></code>
          </p>
          <h1><xsl:value-of select="/rss/channel/title | /atom:feed/atom:title"/></h1>
          <p><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
          <p><a href="{$page}"><xsl:call-template name="label"><xsl:with-param name="zh" select="'在网站上查看这些公告'"/><xsl:with-param name="en" select="'See these notices on the website'"/></xsl:call-template></a></p>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol class="latest feed-items"><xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/></ol>
            </xsl:when>
            <xsl:otherwise><p><xsl:call-template name="label"><xsl:with-param name="zh" select="'暂无公告。'"/><xsl:with-param name="en" select="'No notices yet.'"/></xsl:call-template></p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="label">
    <xsl:param name="zh"/><xsl:param name="en"/>
    <xsl:choose><xsl:when test="$zh and starts-with($lang, 'zh')"><xsl:value-of select="$zh"/></xsl:when><xsl:otherwise><xsl:value-of select="$en"/></xsl:otherwise></xsl:choose>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <li>
      <a class="tender-title" href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a>
      <p class="meta">
        <xsl:call-template name="label"><xsl:with-param name="zh" select="'发布：'"/><xsl:with-param name="en" select="'Published: '"/></xsl:call-template>
        <time>
          <xsl:value-of select="pubDate"/>
          <xsl:if test="atom:published"><xsl:value-of select="concat(translate(substring(atom:published, 1, 16), 'T', ' '), ' UTC')"/></xsl:if>
        </time>
        <xsl:for-each select="category[@domain] | atom:category">
          <span class="badge"><xsl:value-of select="@label | self::category"/></span>
        </xsl:for-each>
      </p>
      <xsl:call-template name="paragraphs"><xsl:with-param name="html" select="description | atom:summary"/></xsl:call-template>
    </li>
  </xsl:template>

  <!-- The summary is an escaped HTML fragment of <p>…</p>, each value escaped in it: one line
       per paragraph, as text (a stylesheet must not turn a feed's text into markup). -->
  <xsl:template name="paragraphs">
    <xsl:param name="html"/>
    <xsl:if test="contains($html, '&lt;p&gt;')">
      <xsl:variable name="rest" select="substring-after($html, '&lt;p&gt;')"/>
      <xsl:variable name="paragraph" select="substring-before($rest, '&lt;/p&gt;')"/>
      <xsl:choose>
        <!-- The board's own link (the ledger entry's inclusion proof): every value a drafter typed
             is escaped, so a raw link can only be the board's. -->
        <xsl:when test="contains($paragraph, '&lt;a href=&quot;')">
          <xsl:variable name="link" select="substring-after($paragraph, '&lt;a href=&quot;')"/>
          <p class="excerpt"><xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-before($paragraph, '&lt;a href=&quot;')"/></xsl:call-template><a>
            <xsl:attribute name="href"><xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-before($link, '&quot;')"/></xsl:call-template></xsl:attribute>
            <xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-before(substring-after($link, '&quot;&gt;'), '&lt;/a&gt;')"/></xsl:call-template></a></p>
        </xsl:when>
        <xsl:otherwise>
          <p class="excerpt"><xsl:call-template name="unescape"><xsl:with-param name="text" select="$paragraph"/></xsl:call-template></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="paragraphs"><xsl:with-param name="html" select="substring-after($rest, '&lt;/p&gt;')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="after" select="substring-after($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="starts-with($after, 'amp;')">&amp;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($after, ';')"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($after, 'lt;')">&lt;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($after, ';')"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($after, 'gt;')">&gt;<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($after, ';')"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($after, '#34;')">"<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($after, ';')"/></xsl:call-template></xsl:when>
          <xsl:when test="starts-with($after, '#39;')">'<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($after, ';')"/></xsl:call-template></xsl:when>
          <xsl:otherwise>&amp;<xsl:call-template name="unescape"><xsl:with-param name="text" select="$after"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
